#ifndef fluxion_physics_dopant_dopant_diffusion_h
#define fluxion_physics_dopant_dopant_diffusion_h

#include <map>
#include <optional>

#include <deal.II/fe/fe_system.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/numerics/data_postprocessor.h>

#include <fluxion/boundary/interface.h>
#include <fluxion/physics/dopant/dopant_data.h>
#include <fluxion/physics/dopant/initial_profiles.h>

#include <fluxion/physics/dopant/solid_solubility.h>
#include <fluxion/physics/dopant/thermal_process.h>
#include <fluxion/physics/dopant/wafer_process.h>
#include <fluxion/physics/physics_base.h>
#include <fluxion/solvers/newton_solver.h>
#include <fluxion/solvers/positivity_correction.h>

#include <memory>
#include <set>

namespace Fluxion
{
  /**
   * Diffusion of dopants in silicon during a thermal process.
   *
   * Each dopant i (charge z_i = +1 for donors, -1 for acceptors) obeys
   *
   *   dC_i/dt = div( D_i (grad C_i + s z_i C_i grad ln(n/ni)) ),
   *
   * with the electron density from local charge neutrality over all
   * dopants and the background doping N_bg (full ionisation):
   * n/ni = exp(asinh(N / 2ni)), N = N_bg + sum_j z_j C_j. The model
   * `constant` uses the intrinsic diffusivity D_i(T) and s = 0 (Fick's law).
   * The model `fermi` uses Fair's D_i(n/ni) and s = 1: the built-in
   * electric field, which gives a lone dopant well above ni the enhancement
   * factor h = 2. Newton's method with the exact Jacobian solves each time
   * step. Positivity (Q1): the time derivative uses a lumped (nodal) mass
   * matrix, with the mass of each hanging node given to its masters, so it
   * stays diagonal. In 2D and 3D, a symmetric discrete diffusion
   * d_ij (u_i - u_j), d_ij >= max(0, a_ij, a_ji), cancels every positive
   * coupling a_ij of the condensed operator at frozen n/ni (diffusion next
   * to hanging nodes and in cells with an aspect ratio above sqrt(2); the
   * drift of the fermi model where ln(n/ni) changes by more than 2 across a
   * cell); it moves no dopant and is zero where the operator is an
   * M-matrix. It is rebuilt when the mesh, the temperature or the process
   * step changes (every step with the fermi model, frozen over its Newton
   * iterations). Interface layers carry flux only across themselves, with a
   * nodal quadrature, so each of their nodes couples only with the node
   * across.
   *
   * Units: concentrations in cm^-3, doses in cm^-2, diffusivities in
   * cm^2/s; lengths in the run's <Length unit> (um for process runs);
   * times in s inside, with the process steps given in s, min or h. The
   * thermal process fixes the end time, and its step boundaries are
   * breakpoints of the time stepping.
   */
  template <int dim>
  class DopantDiffusion : public PhysicsBase<dim>, public WaferProcess<dim>
  {
  public:
    DopantDiffusion();

    static void
    declare_parameters(ParameterHandler &prm);

    /**
     * The subsections named after the steps of <Thermal process/Steps> and
     * the dopants of <Dopant diffusion/Dopants>: the surface condition of
     * each dopant in each step and each dopant's initial profile. Both
     * values of @p which declare those of the values in @p prm.
     */
    static void
    declare_named_parameters(ParameterHandler &prm, const NamedSections which);

    void
    initialize(const SimulatorContext<dim> &context,
               ParameterHandler            &prm) override;

    void
    setup_dofs() override;

    void
    set_initial_condition() override;

    StepResult
    solve_step(const TimeStepData &data) override;

    /**
     * Keeps interface layers no finer than the cells across them (see
     * limit_layer_levels()).
     */
    void
    adjust_refinement_flags(const unsigned int max_level) override;

    /**
     * Refines the cells across interface layers that are coarser than the
     * layer (see flag_cells_under_layers()).
     */
    bool
    repair_refinement_flags() override;

    void
    before_state_transfer() override;

    void
    after_state_transfer(const bool conserve_amount) override;

    void
    add_output_fields(DataOut<dim> &data_out) const override;

    /**
     * One field per dopant, named after it, in cm^-3.
     */
    FieldDescriptions
    fields() const override
    {
      std::vector<FieldDescription> f(dopants.size());
      for (unsigned int i = 0; i < dopants.size(); ++i)
        {
          f[i].name = dopants[i].name;
          f[i].unit = "cm^-3";
        }
      return FieldDescriptions(f);
    }

    double
    concentration_scale(const types::material_id) const override
    {
      return 1.0;
    }

    /**
     * See concentration_factor().
     */
    double
    field_scale(const unsigned int       field,
                const types::material_id region) const override
    {
      return concentration_factor(field, region);
    }

    /**
     * Per dopant, the outward flux through the surface [cm^-3 length^dim
     * / s]: the reaction of a prescribed surface concentration or the
     * integral of a mass transfer; the other boundaries are inert.
     */
    BoundaryFluxData
    boundary_fluxes() const override;

    double
    end_time() const override
    {
      return process->end_time();
    }

    std::vector<double>
    time_breakpoints() const override
    {
      return process->breakpoints();
    }

    /// The charge of dopant @p field (+1 donor, -1 acceptor).
    int
    field_charge(const unsigned int field) const override
    {
      return dopants[field].charge;
    }

    /// The dopants, in the order of the solution components.
    const std::vector<DopantData> &
    get_dopants() const
    {
      return dopants;
    }

    /// Background doping with sign: > 0 donors (n-type), < 0 acceptors.
    double
    signed_background() const override
    {
      return background;
    }

    /// Temperature (K) at time @p t.
    double
    temperature(const double t) const override
    {
      return process->temperature(t);
    }

    /// The process.
    const ThermalProcess &
    get_process() const
    {
      return *process;
    }

    /// Depth below the surface (in length units) of the point @p p. On a
    /// stepped surface (a mask layer with openings) depth is measured from
    /// the silicon surface, and is negative in the mask above it.
    double
    depth(const Point<dim> &p) const override
    {
      return depth_sign * (p[dim - 1] - surface_coordinate);
    }

    /// Position of the surface along the last axis (where depth is 0).
    double
    surface_position() const override
    {
      return surface_coordinate;
    }

    /// Whether the surface point @p p lies in the window of the mask (or
    /// there is no mask).
    bool
    in_window(const Point<dim> &p) const
    {
      for (unsigned int d = 0; d + 1 < dim; ++d)
        if (!window.empty() &&
            (p[d] < window[2 * d] - 1e-12 || p[d] > window[2 * d + 1] + 1e-12))
          return false;
      return true;
    }

    /// The factor K with C = K u of dopant @p i in region @p m: 1 in
    /// silicon, 1/m_i (the segregation coefficient) in an oxide, so that
    /// C_Si / C_ox = m_i across the interface in equilibrium.
    double
    concentration_factor(const unsigned int i, const types::material_id m) const
    {
      return (oxide_ids.count(m) && !split_interfaces) ? 1.0 / segregation[i] :
                                                         1.0;
    }

    /// Whether region @p m is an oxide.
    bool
    is_oxide(const types::material_id m) const override
    {
      return oxide_ids.count(m) > 0;
    }

    /// Whether region @p m is a thin interface layer (no storage; it
    /// carries the interface transport coefficient).
    bool
    is_interface_layer(const types::material_id m) const override
    {
      return layer_ids.count(m) > 0;
    }

    /// Whether region @p m is silicon (neither oxide nor interface layer).
    bool
    is_silicon(const types::material_id m) const
    {
      return !is_oxide(m) && !is_interface_layer(m);
    }

    /// Length unit in cm.
    double
    length_unit_cm() const override
    {
      return context.length_unit_in_m * 100;
    }

    /// Integral of each dopant over the domain, in cm^-3 times length
    /// units^dim, summed over ranks; the same over the silicon alone into
    /// @p silicon if given (one pass).
    std::vector<double>
    amounts(const VectorType    &u,
            std::vector<double> *silicon = nullptr) const override;

    /// Area of the surface projected on the wafer plane (the walls of mask
    /// openings count nothing), summed over ranks: doses are per this area.
    double
    wafer_area() const override;

    /// Whether some region is an oxide.
    bool
    has_oxide() const override
    {
      return !oxide_ids.empty();
    }

  private:
    FLUXION_PHYSICS_BASE_MEMBERS

    // The range of temperatures over which the built-in data are used.
    static constexpr double data_T_min_C = 700;
    static constexpr double data_T_max_C = 1300;

    using CellIterator = typename DoFHandler<dim>::active_cell_iterator;

    /**
     * The entries of <Dopant diffusion> about oxide regions, interface
     * layers and solid solubilities.
     */
    static void
    declare_region_entries(ParameterHandler &prm);

    /**
     * Read the dopants, the model, the background, the surface and the
     * solver settings (inside <Dopant diffusion>).
     */
    void
    read_dopants(ParameterHandler &prm);

    /**
     * Read the segregation coefficients, the oxide diffusivities and the
     * solid solubilities (inside <Dopant diffusion>); returns the names of
     * the oxide regions.
     */
    std::vector<std::string>
    read_materials(ParameterHandler &prm);

    /**
     * Find the surface, the oxide regions and the interface layers in the
     * mesh.
     */
    void
    read_regions(ParameterHandler               &prm,
                 const std::vector<std::string> &oxide_names);

    /**
     * Read the transport coefficients of interfaces and interface layers.
     */
    void
    read_interface_transport(ParameterHandler &prm);

    /**
     * Read the thermal process, the surface conditions of its steps and the
     * initial profiles.
     */
    void
    read_process(ParameterHandler &prm);

    /**
     * Read <Surface conditions> for every step and dopant.
     */
    void
    read_surface_conditions(ParameterHandler &prm);

    /**
     * Find the position of the surface and the direction of depth; check
     * the mask window against the surface.
     */
    void
    locate_surface();

    /**
     * Divide the interpolated concentrations by K in the oxide (u = C / K),
     * keeping the silicon value on the interface.
     */
    void
    to_oxide_variable(VectorType &owned) const;

    /**
     * Scale each implanted profile to the dose of its Gaussian.
     */
    void
    scale_implants(const InitialProfiles<dim> &profiles,
                   VectorType                 &owned) const;

    /**
     * Put the dose of each 'surface dose' profile on the surface nodes.
     */
    void
    place_surface_doses(const InitialProfiles<dim> &profiles,
                        VectorType                 &owned) const;

    struct AssemblyScratch;

    /**
     * Add a cell's (or an interface pair's) matrix and residual.
     */
    void
    add_local(const FullMatrix<double>                   &matrix,
              const Vector<double>                       &vector,
              const std::vector<types::global_dof_index> &indices,
              const bool                                  with_matrix);

    /**
     * Fick's law in an oxide cell; the flux across an interface layer cell.
     */
    void
    add_oxide_and_layer_terms(const CellIterator &cell, AssemblyScratch &sc);

    /**
     * The flux in a silicon cell, with the built-in field of the fermi
     * model, and its exact Jacobian.
     */
    void
    add_silicon_terms(const CellIterator &cell, AssemblyScratch &sc);

    /**
     * The mass transfer through the surface faces of a cell.
     */
    void
    add_surface_terms(const CellIterator &cell, AssemblyScratch &sc);

    /**
     * The transport across disconnected interfaces (1D).
     */
    void
    add_interface_pair_terms(const AssemblyScratch &sc);

    /**
     * The time derivative with the lumped mass.
     */
    void
    add_time_derivative(const TimeStepData &data, const bool with_matrix);


    /**
     * The surface condition of a dopant during a step: a boundary condition
     * (dirichlet, mass transfer, or SolubilityBoundary for their solubility
     * forms), or null for an inert surface.
     */
    using SurfaceCondition = std::unique_ptr<BoundaryCondition<dim>>;

    /**
     * The surface condition @p text of dopant @p dopant during the process
     * step @p step; errors name the parameter @p parameter.
     */
    SurfaceCondition
    parse_surface_condition(const std::string          &text,
                            const std::string          &parameter,
                            const unsigned int          dopant,
                            const ThermalProcess::Step &step) const;

    void
    make_constraints(const double t);

    /**
     * Assemble the residual (and with @p with_matrix the Jacobian). With
     * @p refresh_correction, also rebuild #correction from the diffusion
     * part of the operator of this state.
     */
    void
    assemble(const TimeStepData &data,
             const bool          with_matrix,
             const bool          refresh_correction = false);


    /**
     * Pair the DoFs of the two sides of each disconnected Si/SiO2
     * interface (1D) and add their couplings to @p dsp.
     */
    void
    find_interface_pairs(DynamicSparsityPattern &dsp);

    /**
     * Fill #lumped_mass for the current mesh.
     */
    void
    compute_lumped_mass();

    /**
     * The index of dopant @p name; errors name the parameter @p where.
     */
    unsigned int
    dopant_index(const std::string &name, const std::string &where) const;

    /**
     * Entries 'X: A Ea' (two non-negative numbers) per dopant, separated
     * by ';', of the parameter @p where; dopants not listed stay empty.
     */
    std::vector<std::optional<ArrheniusTerm>>
    parse_dopant_arrhenius(const std::string &text,
                           const std::string &where) const;

    /**
     * The defaults of the Newton entries in <Dopant diffusion>: a relative
     * update of 1e-10 per dopant, 25 iterations, a residual test that
     * only an exactly zero residual passes, no line search, no damping:
     * the iteration of the dopant physics before it used the shared
     * solver.
     */
    static NewtonSettings
    newton_defaults();

    /**
     * Solve J du = -r for the last residual and Jacobian (direct or GMRES
     * with AMG, see <Dopant diffusion/Linear solver>); returns the linear
     * iterations. Throws StepError(linear_solver) on failure.
     */
    unsigned int
    solve_linearized(VectorType &du);

    /**
     * Newton's method for the step @p data from @p u: the shared solver
     * with the assembly of this physics. The positivity correction is
     * rebuilt only in the first assembly of the step, and only when it is
     * out of date (see #correction).
     */
    void
    newton_iterations(const TimeStepData &data,
                      VectorType         &u,
                      StepResult         &result);

    double
    diffusivity_scale() const
    {
      // cm^2/s -> length units^2/s
      const double L = length_unit_cm();
      return 1.0 / (L * L);
    }

    std::vector<DopantData> dopants;
    bool                    fermi                = false;
    bool                    use_single_arrhenius = false;
    double                  background           = 0;
    std::string             surface_name;
    types::boundary_id      surface_id         = 0;
    double                  surface_coordinate = 0;
    /// +1 when depth grows with the last coordinate, -1 when it falls.
    double depth_sign = 1;
    double T_min_K = 0, T_max_K = 0;
    // Mask window on the surface: x0, x1 (2D) or x0, x1, y0, y1 (3D).
    std::vector<double> window;
    // Oxide regions: equilibrium segregation and their own diffusivities.
    std::set<types::material_id> oxide_ids;
    /// Disconnected Si/SiO2 interfaces with a finite transport coefficient:
    /// the flux from silicon into the oxide is J = h (C_Si - m C_ox).
    bool                         split_interfaces = false;
    std::set<types::boundary_id> interface_ids;
    std::vector<ArrheniusTerm>   interface_transport;
    /// Thin interface layers between silicon and oxide (2D/3D): no storage
    /// and the diffusivity h delta across their thickness delta, so the
    /// flux through them is J = h (C_Si - m C_ox). delta is the thickness of
    /// each coarse layer cell across itself (any orientation); its children
    /// keep it, so that refinement does not change h.
    std::set<types::material_id>            layer_ids;
    std::map<types::coarse_cell_id, double> layer_thickness;
    struct InterfacePair
    {
      std::vector<types::global_dof_index> silicon, oxide;
    };
    std::vector<InterfacePair> interface_pairs;
    std::vector<double>        segregation;
    /// Solid solubility of each dopant: the parameter's entry, else the
    /// built-in table (null where there is neither).
    std::vector<std::unique_ptr<SolidSolubility>> solubility;
    /// Where each solubility comes from, for messages.
    std::vector<std::string>        solubility_origin;
    std::vector<ArrheniusTerm>      oxide_diffusivity;
    std::unique_ptr<ThermalProcess> process;
    // [step][dopant]
    std::vector<std::vector<SurfaceCondition>> surface_conditions;
    std::vector<std::string>                   initial_profiles;
    std::string                                linear_solver       = "auto";
    static constexpr types::global_dof_index   direct_solver_limit = 20000;
    /// Newton's method (see newton_defaults()).
    NewtonSettings newton;
    /// The floor (cm^-3) of the relative time-error norm, see
    /// relative_time_error(); 0: relative to the largest concentration.
    double time_error_floor = 0;

    std::unique_ptr<FESystem<dim>> fe;
    /// Positivity (Q1 in 2D and 3D): the discrete diffusion that makes the
    /// condensed operator at frozen n/ni an M-matrix (discrete upwinding of
    /// its positive couplings, on every pair: no selection of extrema).
    PositivityCorrection correction;
    bool                 use_correction = false;
    /// What #correction was built for.
    bool         correction_current     = false;
    double       correction_temperature = 0;
    unsigned int correction_part        = 0;

    /// Nodal (lumped) mass of each owned DoF, C = K u weighted, with the
    /// mass of each hanging node given to the DoFs it is constrained to.
    VectorType          lumped_mass;
    std::vector<double> amounts_before_transfer;

    mutable std::unique_ptr<DataPostprocessor<dim>> output_postprocessor;
  };
} // namespace Fluxion

#endif

#ifndef fluxion_physics_electrochemistry_poisson_nernst_planck_h
#define fluxion_physics_electrochemistry_poisson_nernst_planck_h

#include <deal.II/numerics/data_postprocessor.h>

#include <fluxion/materials/diffusivity_law.h>
#include <fluxion/physics/advection_field.h>
#include <fluxion/physics/coupled_physics.h>
#include <fluxion/physics/electrochemistry/homogeneous_reactions.h>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace Fluxion
{
  /**
   * One ionic species of an electrolyte.
   */
  struct IonicSpecies
  {
    std::string name;
    /// Charge number z.
    double charge = 0;
    /// Diffusivity [length unit^2/s] per region; `fallback` elsewhere.
    /// Regions whose diffusivity law varies (with c, t or x) are not in
    /// the map; PoissonNernstPlanck evaluates their laws.
    std::map<types::material_id, double> diffusivity;
    double                               fallback_diffusivity = 0;
    /// Concentration of the bulk electrolyte [mol/m^3] (0: none given).
    double bulk = 0;

    double
    diffusivity_in(const types::material_id region) const
    {
      const auto d = diffusivity.find(region);
      return d == diffusivity.end() ? fallback_diffusivity : d->second;
    }
  };

  /**
   * Poisson-Nernst-Planck electrochemistry: ionic species c_i that diffuse
   * and migrate in the potential phi they create,
   *   dc_i/dt + div J_i = R_i,
   *   J_i = -D_i (grad c_i + z_i c_i grad phi/V_T) + c_i u,
   *   -div(eps0 eps_r grad phi) = F (sum_i z_i c_i + X),
   * with V_T = RT/F, a fixed charge X [mol/m^3 of elementary charges]
   * per region (plus an expression of x and t), a given velocity u
   * (<Advection/Velocity>, AdvectionField) and homogeneous reaction rates R_i
   * (HomogeneousReactions). The fields are the species, in the order of
   * <Species>, and phi [V] last. Concentrations are in mol/m^3, lengths in the
   * run's length unit, diffusivities in that unit^2/s.
   *
   * <Formulation>: 'exponential fitting' (Scharfetter-Gummel fluxes between
   * the vertices of Q1 cells; positive concentrations on any mesh),
   * 'logarithmic' (Galerkin in ln c_i, any degree; positive by
   * construction, but Newton may find no solution on meshes much coarser
   * than the Debye length) or 'galerkin' (Galerkin in c_i; may oscillate
   * and turn negative).
   *
   * <SPECIES/Diffusivity laws> gives D_i per region by a diffusivity law
   * (DiffusivityLaw) of x, t, c_i and the temperature of the run. A law
   * that depends on none of x, t and c is one number, evaluated once;
   * the others are evaluated at each quadrature point (Galerkin) or at the
   * midpoint of each edge with the mean of the edge's two vertex values
   * (exponential fitting), and Newton's Jacobian includes their dD/du.
   *
   * <Ion-free regions> (a dielectric) hold no species: only Poisson's
   * equation with eps_r and X is solved there, the species' DoFs inside
   * are held at 0 by the core, and the interface is a wall without flux
   * for the species (not with the logarithmic formulation nor with
   * electroneutrality).
   *
   * <Charge model> = electroneutrality replaces Poisson's equation by
   * sum_i z_i c_i + X = 0 (lumped to the vertices with exponential
   * fitting); phi is then the electrolyte potential, determined up to its
   * essential values, and takes no natural conditions.
   *
   * The natural flux of phi is the surface charge density [C/m^2] on the
   * electrolyte's side of a wall, eps grad phi . n: a "flux" condition on
   * phi gives a surface charge, "mass transfer" a Stern layer
   * (coefficient C_S [F/m^2], external value the metal's potential), and
   * phi's boundary flux in the statistics is minus the charge of the wall.
   */
  template <int dim>
  class PoissonNernstPlanck : public CoupledPhysics<dim>
  {
  public:
    static void
    declare_parameters(ParameterHandler &prm);

    static void
    declare_named_parameters(ParameterHandler &prm, const NamedSections which);

    void
    initialize(const SimulatorContext<dim> &context,
               ParameterHandler            &prm) override;

    FieldDescriptions
    fields() const override;

    void
    setup_dofs() override;

    /// The core's initial state, checked: no species may be negative.
    void
    set_initial_condition() override;

    void
    cell_terms(const FEValues<dim>       &fe_values,
               const FieldPointData<dim> &u,
               Vector<double>            &residual,
               FullMatrix<double>        *jacobian) const override;

    /// The species of the run.
    const std::vector<IonicSpecies> &
    get_species() const
    {
      return species;
    }

    /// The Debye length of the bulk electrolyte [length unit].
    double
    bulk_debye_length() const;

    /**
     * The core's consistent fluxes, with the diffusive and the migrative
     * (and, with a velocity, the advective) part of each species' flux through
     * the boundaries where it has an essential condition (they add up to the
     * total in steady state; in a transient the difference is the storage in
     * the boundary cells), and the electric current F sum_i z_i N_i through
     * every boundary.
     */
    BoundaryFluxData
    boundary_fluxes() const override;

    /**
     * The screening that Poisson's block sees of the species, for the
     * field-split preconditioner: (F/V_T) sum z_i^2 c_i, lumped, on the
     * diagonal of phi (Poisson's charge F sum z c responds to phi through
     * the Boltzmann factors, A_cc^{-1} A_cphi ~ z c / V_T in a steady
     * state). Its block is then the linearised Poisson-Boltzmann
     * operator. Nothing with electroneutrality.
     */
    void
    add_schur_complement_diagonal(VectorType &shift) const override;

    /// Not with electroneutrality: phi has no block of its own.
    bool
    field_split_applicable() const override
    {
      return !electroneutral;
    }

    /**
     * The core's c_i and phi, and the electric field, the charge density
     * and the diffusive and migrative flux of each species in SI units
     * (ElectrolyteOutput, electrolyte_output.h).
     */
    void
    add_output_fields(DataOut<dim> &data_out) const override;

    /**
     * The net charge F (sum_i z_i c_i + X) integrated over the domain [C
     * in 3D, C/m in 2D, C/m^2 in 1D].
     */
    double
    total_charge() const;

    /// The unit of an integral over the boundary or the domain of a
    /// density per m^3 in this dimension ("", "/m", "/m^2").
    static std::string
    per_length_unit();

  protected:
    FLUXION_PHYSICS_BASE_MEMBERS

  private:
    /**
     * cell_terms() of <Formulation> = exponential fitting on Q1 elements:
     * the flux between two vertices of a cell is the Laplace weight of the
     * pair times the Scharfetter-Gummel difference D (B(x) c_v - B(-x) c_w)
     * with the drift x = z (phi_w - phi_v)/V_T - u.(x_w - x_v)/D (the
     * velocity u at the midpoint of the edge) and B(x) = x/(exp(x) - 1),
     * exact for the Boltzmann equilibrium and for steady 1D flow, and
     * monotone (an M-matrix on cells without obtuse angles); the time
     * derivative, the charge and the reaction rates are lumped to the
     * vertices. @p alpha is the BDF coefficient (0 when steady), @p t the
     * time.
     */
    void
    fitted_cell_terms(const FEValues<dim> &fe_values,
                      const double         alpha,
                      const double         t,
                      Vector<double>      &residual,
                      FullMatrix<double>  *jacobian) const;

    /**
     * The diffusivity @p D(v, w) of species @p s (with a varying law) on
     * each edge (v, w) of @p cell for exponential fitting: the law at the
     * midpoint of the edge with the mean of the values @p local of each
     * field at v and w (@p index: local index of vertex v of field f), and
     * @p dD[v * vertices + w][b], dD/du_b at either vertex (half the law's
     * derivative).
     */
    void
    edge_diffusivities(
      const typename DoFHandler<dim>::active_cell_iterator &cell,
      const unsigned int                                    s,
      const Vector<double>                                 &local,
      const std::vector<std::vector<unsigned int>>         &index,
      const double                                          t,
      FullMatrix<double>                                   &D,
      std::vector<std::vector<double>>                     &dD) const;

    /**
     * The advective and reaction terms of a species row of the Galerkin
     * formulations at quadrature point @p q: -c u . grad v - R v, with
     * @p c and @p dc the values and dc/du of the species there.
     */
    void
    add_transport_terms(const FEValues<dim>       &fe_values,
                        const FieldPointData<dim> &u,
                        const unsigned int         q,
                        const std::vector<double> &c,
                        const std::vector<double> &dc,
                        Vector<double>            &residual,
                        FullMatrix<double>        *jacobian) const;

    /// Refuse reaction rates that are not finite in the initial state, by
    /// the species' name.
    void
    check_reaction_rates() const;

    /**
     * Visit the nodes of the owned cells in the current state until
     * @p check returns a message: it gets the node, the cell's region and
     * the value of every field there (concentrations, not logarithms).
     * Returns that message, or "" (on this rank).
     */
    std::string
    first_failing_node(
      const std::function<std::string(const Point<dim> &,
                                      types::material_id,
                                      const std::vector<double> &)> &check)
      const;

    /// Refuse a velocity (<Advection/Velocity>) that is not finite at a
    /// vertex at the start.
    void
    check_velocity() const;

    /// The value of a per-region map in @p region, or @p fallback.
    static double
    region_value(const std::map<types::material_id, double> &values,
                 const types::material_id                    region,
                 const double                                fallback)
    {
      const auto v = values.find(region);
      return v == values.end() ? fallback : v->second;
    }

    /// Read the section of each species.
    void
    read_species(ParameterHandler &prm);

    /**
     * Declare the subsections of the laws of <SPECIES/Diffusivity laws>
     * of the species @p names (NamedPlugins under each species' section).
     */
    static void
    declare_diffusivity_law_sections(ParameterHandler               &prm,
                                     const NamedSections             which,
                                     const std::vector<std::string> &names);

    /**
     * Create the laws of <SPECIES/Diffusivity laws> (at the top level of
     * @p prm, after read_species() and read_ion_free_regions()): every
     * region with ions needs one, and <SPECIES/Diffusivity> must then be
     * empty. Laws that depend on none of x, t and c go into the species'
     * numbers; the others into varying_diffusivity.
     */
    void
    read_diffusivity_laws(ParameterHandler &prm);

    /// Whether species @p s has a varying diffusivity law in @p region.
    bool
    varying_diffusivity_in(const unsigned int       s,
                           const types::material_id region) const
    {
      return !varying_diffusivity.empty() &&
             varying_diffusivity[s].count(region) > 0;
    }

    /**
     * D of species @p s (in a region of varying_diffusivity) at @p p and
     * @p t for the values @p fields of the concentrations and phi, and dD
     * with respect to each of them.
     */
    LawDerivatives
    diffusivity(const unsigned int         s,
                const types::material_id   region,
                const Point<dim>          &p,
                const double               t,
                const std::vector<double> &fields) const;

    /// The largest diffusivity of the species at the bulk concentrations,
    /// over the regions and the owned cells (for Newton's norm).
    double
    largest_diffusivity() const;

    /// Refuse a varying diffusivity law that is not positive and finite
    /// at a vertex in the initial state, naming the parameter and region.
    void
    check_diffusivities() const;

    /**
     * Refuse a reservoir whose concentrations are not electroneutral: a
     * boundary where every species has an essential condition, evaluated
     * at the center of a face at the start time.
     */
    void
    check_reservoirs() const;

    /// Read <Ion-free regions> (after the formulation and charge model).
    void
    read_ion_free_regions(const std::string &text);

    /**
     * Refuse what the electroneutral model cannot take: no charged
     * species, natural conditions (surface charges) on phi.
     */
    void
    check_electroneutral_setup() const;

    /**
     * Refuse an initial state of a transient electroneutral run that is
     * not neutral: the mean of sum z c + X over a cell must vanish.
     */
    void
    check_initial_neutrality() const;

    /// Print the Debye length and the cell sizes on charged boundaries.
    void
    print_scales() const;

    /// Which part of the species' fluxes cell_terms() assembles: all of
    /// the equations, or only the diffusive, migrative or advective flux
    /// terms.
    enum class FluxPart
    {
      all,
      diffusive,
      migrative,
      advective
    };
    mutable FluxPart flux_part = FluxPart::all;

    std::vector<IonicSpecies> species;
    /// Per species, the laws of the regions where D varies with c, t or x.
    std::vector<
      std::map<types::material_id, std::shared_ptr<const DiffusivityLaw<dim>>>>
      varying_diffusivity;
    /// The region names, by id (for messages).
    std::map<types::material_id, std::string> region_names;
    /// Temperature [K] and thermal voltage [V].
    double temperature = 298.15, thermal_voltage = 0;
    bool   logarithmic = true;
    /// <Formulation> = exponential fitting.
    bool fitted = false;
    /// <Charge model> = electroneutrality: sum z c + X = 0 replaces
    /// Poisson's equation.
    bool electroneutral = false;
    /// <Ion-free regions>: regions with only Poisson's equation (a
    /// dielectric); the species are absent there.
    std::set<types::material_id> ion_free;
    /// Relative permittivity and fixed charge [mol/m^3] per region.
    std::map<types::material_id, double> permittivity, fixed_charge;
    double permittivity_fallback = 78.4, fixed_charge_fallback = 0;
    bool   scales_printed = false;
    /// The weight of Poisson's residual in Newton's norm (setup_dofs()).
    double poisson_scale = 1;
    /// The derived output of add_output_fields(), alive until written.
    mutable std::unique_ptr<DataPostprocessor<dim>> output_postprocessor;
    /// The velocity that carries the species (<Advection/Velocity>).
    AdvectionField<dim> advection;
    /// The reaction rates of the species (<SPECIES/Reaction rate>).
    HomogeneousReactions<dim> reactions;
    /// <Fixed charge expression> [mol/m^3], added to the fixed charge of
    /// the regions (null when 0).
    std::unique_ptr<ParsedExpression<dim>> fixed_charge_expression;

    /// The fixed charge added by <Fixed charge expression> at @p p, @p t.
    double
    extra_fixed_charge(const Point<dim> &p, const double t) const
    {
      return fixed_charge_expression ? fixed_charge_expression->value(p, t) :
                                       0.0;
    }
  };
} // namespace Fluxion

#endif

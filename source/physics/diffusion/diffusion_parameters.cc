#include <fluxion/core/named_plugins.h>
#include <fluxion/core/utilities.h>
#include <fluxion/physics/diffusion/diffusion.h>

// The parameters of the diffusion physics: their declaration, and reading
// them into the physics with the checks that need the mesh names.
namespace Fluxion
{
  namespace
  {
    // The diffusivity law of each region.
    template <int dim>
    NamedPlugins<DiffusivityLaw<dim>>
    diffusivity_laws()
    {
      return {"Materials", "Diffusivity laws", MeshPart::region, "law"};
    }

    // The condition on each boundary.
    template <int dim>
    NamedPlugins<BoundaryCondition<dim>>
    boundary_conditions()
    {
      return {"Boundary conditions", "Types", MeshPart::boundary, "type"};
    }

    template <int dim>
    void
    declare_material_parameters(ParameterHandler &prm)
    {
      prm.enter_subsection("Materials");
      {
        prm.declare_entry(
          "Diffusivity laws",
          "domain: constant",
          Patterns::Anything(),
          "The diffusivity law of each material region, as 'region: law' "
          "pairs. Laws: " +
            PluginRegistry<DiffusivityLaw<dim>>::instance().names() +
            ". The parameters of each region's law go into a subsection named "
            "after the region." +
            PluginRegistry<DiffusivityLaw<dim>>::instance().descriptions());
        prm.declare_entry(
          "Partition coefficients",
          "",
          Patterns::Anything(),
          "[-] Partition coefficient K of each region, as 'region: K' pairs "
          "(default 1). Across an interface between regions a and b, "
          "c_b / c_a = K_b / K_a. K must be positive.");
      }
      prm.leave_subsection();
    }

    template <int dim>
    void
    declare_boundary_parameters(ParameterHandler &prm)
    {
      prm.enter_subsection("Boundary conditions");
      {
        prm.declare_entry(
          "Types",
          "",
          Patterns::Anything(),
          "The condition on each named boundary, as 'boundary: type' pairs. "
          "Types: " +
            PluginRegistry<BoundaryCondition<dim>>::instance().names() +
            ". Unlisted boundaries are 'no flux'. The parameters of each "
            "boundary's condition go into a subsection named after the "
            "boundary." +
            PluginRegistry<BoundaryCondition<dim>>::instance().descriptions());
      }
      prm.leave_subsection();
    }

    // The source and the temperature, expressions of x and t.
    void
    declare_expression_parameters(ParameterHandler &prm)
    {
      prm.enter_subsection("Source");
      {
        prm.declare_entry("Expression",
                          "0",
                          Patterns::Anything(),
                          "[amount/(length^dim s)] Volumetric source s(x, t), "
                          "an expression of x, y, z and t.");
      }
      prm.leave_subsection();

      prm.enter_subsection("Temperature");
      {
        prm.declare_entry("Expression",
                          "300",
                          Patterns::Anything(),
                          "[K] Temperature T(x, t), an expression of x, y, z "
                          "and t; used by temperature-dependent laws.");
      }
      prm.leave_subsection();
    }

    template <int dim>
    void
    declare_initial_parameters(ParameterHandler &prm)
    {
      prm.enter_subsection("Initial conditions");
      {
        prm.declare_entry(
          "Model",
          "function",
          Patterns::Selection(
            PluginRegistry<InitialCondition<dim>>::instance().names()),
          "How the initial concentration is given." +
            PluginRegistry<InitialCondition<dim>>::instance().descriptions());
        for (const auto &p :
             PluginRegistry<InitialCondition<dim>>::instance().all())
          {
            prm.enter_subsection(p.first);
            p.second.declare_parameters(prm);
            prm.leave_subsection();
          }
      }
      prm.leave_subsection();
    }

    void
    declare_discretization_parameters(ParameterHandler &prm)
    {
      prm.enter_subsection("Discretization");
      {
        prm.declare_entry(
          "Positivity preserving",
          "auto",
          Patterns::Selection("auto|true|false"),
          "Keep concentrations non-negative for non-negative data (diffusion "
          "physics): the mass is lumped (row sums, so the amount is still the "
          "exact integral), mass-transfer boundaries use the nodal face rule, "
          "and at the local extrema of the solution a symmetric discrete "
          "diffusion cancels the positive couplings of the diffusion operator "
          "(obtuse or distorted cells, curved boundaries); it moves no "
          "substance and keeps linear solutions exact and the optimal "
          "convergence rates. Without it, the consistent mass "
          "undershoots next to steep fronts (the default example: c = -0.19 "
          "after the first step). auto: on for Q1 elements with the "
          "matrix-based operator; off for higher degrees (their element "
          "matrices couple positively in every cell, and the correction would "
          "cost the higher order everywhere), for the matrix-free "
          "operator, and with advection (<Advection/Velocity>; the lumped "
          "mass smears and shifts a carried pulse, and SUPG is not "
          "monotone anyway). true requires both Q1 and matrix-based.");
      }
      prm.leave_subsection();
    }

    void
    declare_solver_parameters(ParameterHandler &prm)
    {
      prm.enter_subsection("Solver");
      {
        prm.declare_entry(
          "Operator",
          "matrix-based",
          Patterns::Selection("matrix-based|matrix-free"),
          "How the linear systems are formed and solved. matrix-based: "
          "assembled sparse matrices (Trilinos) with the linear solver and "
          "preconditioner below; works for every problem. matrix-free: cell "
          "integrals evaluated on the fly (sum factorization), solved by CG "
          "with a geometric multigrid V-cycle (Chebyshev smoothing, AMG on the "
          "coarse mesh); several times less memory and no assembly. It "
          "requires a linear problem: diffusivities that depend on neither c "
          "nor t, no mass-transfer (Robin) boundaries, elements of degree 1 "
          "to 3, and <Linear solver> auto or cg.");
        prm.declare_entry("Multigrid smoother degree",
                          "5",
                          Patterns::Integer(1, 20),
                          "Degree of the Chebyshev smoother on each multigrid "
                          "level (matrix-free operator): matrix-vector "
                          "products per smoothing step.");
        prm.declare_entry(
          "Linear solver",
          "auto",
          Patterns::Selection("auto|cg|gmres|direct"),
          "Krylov method, or a direct solve (Amesos KLU). auto: "
          "CG for linear (symmetric) problems, GMRES for "
          "nonlinear ones.");
        prm.declare_entry("Preconditioner",
                          "amg",
                          Patterns::Selection("amg|ssor|jacobi"),
                          "Preconditioner of the Krylov method (Trilinos ML "
                          "AMG, SSOR or Jacobi).");
        prm.declare_entry("AMG smoother sweeps",
                          "1",
                          Patterns::Integer(1, 10),
                          "Degree of the Chebyshev smoother on each AMG level. "
                          "1 is faster overall for the diffusion benchmarks "
                          "(cheaper V-cycles, about the same number of "
                          "iterations); raise it for strongly anisotropic or "
                          "high-contrast problems that need many iterations.");
        prm.declare_entry("AMG aggregation threshold",
                          "0",
                          Patterns::Double(0, 1),
                          "Couplings weaker than this (relative) are dropped "
                          "when the AMG forms aggregates. 0 (nothing dropped) "
                          "is the fastest: the AMG then aggregates on the "
                          "matrix itself instead of building a filtered copy "
                          "(3D Poisson, 1M Q1 DoFs: setup 2-2.6 times faster "
                          "than with 1e-4, the same 15 CG iterations). A small "
                          "value (1e-4 to 1e-2) can help strongly anisotropic "
                          "or high-contrast problems. Q1 hexahedra couple "
                          "their neighbours weakly (relative strength 0.03 to "
                          "0.06 on a uniform 3D mesh), and a threshold above "
                          "that drops every coupling, so the hierarchy stops "
                          "coarsening and its setup takes minutes and "
                          "gigabytes (0.1 on 1M DoFs: over 9 minutes and 5 GB, "
                          "against 1.5 s).");
        prm.declare_entry("Linear tolerance",
                          "1e-10",
                          Patterns::Double(0),
                          "[-] Relative tolerance of the linear solve, with "
                          "respect to the norm of the Newton residual.");
        prm.declare_entry(
          "Linear tolerance reference",
          "residual",
          Patterns::Selection("residual|right-hand side"),
          "What the linear tolerance is relative to: the Newton "
          "residual, or (linear transient problems) the norm "
          "of the right-hand side of the system for the new "
          "solution, as most codes do.");
        prm.declare_entry("Maximum linear iterations",
                          "1000",
                          Patterns::Integer(1),
                          "Iteration limit of the linear solve.");
        NewtonSettings newton_defaults;
        newton_defaults.max_iterations     = 25;
        newton_defaults.residual_tolerance = 1e-14;
        NewtonSettings::declare_parameters(prm, newton_defaults);
      }
      prm.leave_subsection();
    }
  } // namespace

  template <int dim>
  void
  Diffusion<dim>::declare_parameters(ParameterHandler &prm)
  {
    declare_material_parameters<dim>(prm);
    declare_boundary_parameters<dim>(prm);
    declare_expression_parameters(prm);
    AdvectionField<dim>::declare_parameters(prm);
    declare_initial_parameters<dim>(prm);
    declare_discretization_parameters(prm);
    declare_solver_parameters(prm);
  }

  template <int dim>
  void
  Diffusion<dim>::declare_named_parameters(ParameterHandler   &prm,
                                           const NamedSections which)
  {
    diffusivity_laws<dim>().declare_sections(prm, which);
    boundary_conditions<dim>().declare_sections(prm, which);
  }

  template <int dim>
  void
  Diffusion<dim>::parse_parameters(ParameterHandler &prm)
  {
    // Known before the mesh is made (multigrid needs its level hierarchy).
    matrix_free =
      prm.get(std::vector<std::string>{"Solver"}, "Operator") == "matrix-free";
  }

  template <int dim>
  void
  Diffusion<dim>::parse_materials(ParameterHandler &prm)
  {
    // Every region of the mesh needs a law, and every named region must
    // exist in the mesh.
    const auto k_map = parse_map(prm.get(std::vector<std::string>{"Materials"},
                                         "Partition coefficients"),
                                 "Materials/Partition coefficients");
    for (auto &law : diffusivity_laws<dim>().create(prm, context.region_ids))
      {
        law.plugin->length_unit_in_m = context.length_unit_in_m;
        region_name_of[law.id]       = law.name;
        partition[law.id]            = 1.0;
        laws[law.id]                 = std::move(law.plugin);
      }
    for (const auto &r : context.region_ids)
      AssertThrow(laws.count(r.second),
                  ExcMessage("Parameter <Materials/Diffusivity laws>: the "
                             "mesh region <" +
                             r.first + "> has no diffusivity law."));
    for (const auto &k : k_map)
      {
        check_mesh_name(k.first,
                        context.region_ids,
                        "Materials/Partition coefficients",
                        MeshPart::region);
        const double K =
          parse_double(k.second, "Materials/Partition coefficients");
        AssertThrow(K > 0,
                    ExcMessage("Parameter <Materials/Partition "
                               "coefficients>: the partition coefficient "
                               "of region <" +
                               k.first + "> must be positive, got " + k.second +
                               "."));
        partition[context.region_ids.at(k.first)] = K;
      }
  }

  template <int dim>
  void
  Diffusion<dim>::parse_boundary_conditions(ParameterHandler &prm)
  {
    // Boundary conditions by name; unlisted boundaries have no flux.
    for (auto &bc :
         boundary_conditions<dim>().create(prm, context.boundary_ids))
      bcs[bc.id] = std::move(bc.plugin);
    for (const auto &b : context.boundary_ids)
      if (!bcs.count(b.second))
        bcs[b.second] =
          PluginRegistry<BoundaryCondition<dim>>::instance().create(
            "no flux", "Boundary conditions/Types", prm);
  }

  template <int dim>
  void
  Diffusion<dim>::parse_data(ParameterHandler &prm)
  {
    prm.enter_subsection("Source");
    source_expression.initialize(prm.get("Expression"), "Source/Expression");
    prm.leave_subsection();
    prm.enter_subsection("Temperature");
    temperature_expression.initialize(prm.get("Expression"),
                                      "Temperature/Expression");
    prm.leave_subsection();
    source_depends_on_time = source_expression.uses("t");
    source_is_zero         = (source_expression.text() == "0");
    advection.parse_parameters(prm);

    prm.enter_subsection("Initial conditions");
    {
      const std::string model = prm.get("Model");
      initial_model           = model;
      prm.enter_subsection(model);
      initial_condition =
        PluginRegistry<InitialCondition<dim>>::instance().create(
          model, "Initial conditions/Model", prm);
      prm.leave_subsection();
    }
    prm.leave_subsection();
  }

  template <int dim>
  void
  Diffusion<dim>::parse_solver_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Solver");
    {
      matrix_free         = prm.get("Operator") == "matrix-free";
      mg_smoother_degree  = prm.get_integer("Multigrid smoother degree");
      linear_solver       = prm.get("Linear solver");
      preconditioner_type = prm.get("Preconditioner");
      amg_smoother_sweeps = prm.get_integer("AMG smoother sweeps");
      amg_threshold       = prm.get_double("AMG aggregation threshold");
      linear_tolerance    = prm.get_double("Linear tolerance");
      tolerance_to_rhs =
        prm.get("Linear tolerance reference") == "right-hand side";
      max_linear_iterations = prm.get_integer("Maximum linear iterations");
      newton.parse_parameters(prm, 1, "Solver");
    }
    prm.leave_subsection();
  }

  template <int dim>
  void
  Diffusion<dim>::classify_problem()
  {
    // Which parts of the problem are nonlinear or change in time.
    nonlinear             = false;
    matrix_time_dependent = false;
    for (const auto &l : laws)
      {
        nonlinear |= l.second->depends_on_concentration();
        matrix_time_dependent |=
          l.second->depends_on_time() || (l.second->depends_on_temperature() &&
                                          temperature_expression.uses("t"));
      }
    load_time_dependent        = source_depends_on_time;
    constraints_depend_on_time = false;
    for (const auto &b : bcs)
      {
        if (b.second->is_essential())
          constraints_depend_on_time |= b.second->depends_on_time();
        else
          load_time_dependent |= b.second->depends_on_time();
      }

    // The matrix-free operator covers linear problems with fixed
    // coefficients and flux-type natural conditions.
    natural_load = false;
    for (const auto &b : bcs)
      if (!b.second->is_essential())
        {
          // The load is the flux at c = 0.
          const auto fl = b.second->flux(Point<dim>(), time, 0.0);
          natural_load |= (fl.inward_flux != 0 || b.second->depends_on_time() ||
                           !b.second->is_uniform());
          AssertThrow(!matrix_free || fl.d_inward_flux_dc == 0,
                      ExcMessage("Parameter <Solver/Operator>: the "
                                 "matrix-free operator does not support "
                                 "mass-transfer (Robin) boundaries; use "
                                 "matrix-based."));
        }
  }

  template <int dim>
  void
  Diffusion<dim>::check_matrix_free_support() const
  {
    check_advection_support();
    if (!matrix_free)
      return;
    AssertThrow(!nonlinear,
                ExcMessage("Parameter <Solver/Operator>: the matrix-free "
                           "operator needs a linear problem, but a "
                           "diffusivity law depends on the "
                           "concentration; use matrix-based."));
    AssertThrow(!matrix_time_dependent,
                ExcMessage("Parameter <Solver/Operator>: the matrix-free "
                           "operator needs diffusivities that do not "
                           "change in time; use matrix-based."));
    AssertThrow(linear_solver == "auto" || linear_solver == "cg",
                ExcMessage("Parameter <Solver/Linear solver>: the "
                           "matrix-free operator is solved by cg (set "
                           "auto or cg), not " +
                           linear_solver + "."));
    AssertThrow(degree <= 3,
                ExcMessage("Parameter <Solver/Operator>: the matrix-free "
                           "operator supports elements of degree 1 to 3, "
                           "got " +
                           std::to_string(degree) + "."));
  }

  template <int dim>
  void
  Diffusion<dim>::parse_positivity(ParameterHandler &prm)
  {
    const std::string choice =
      prm.get(std::vector<std::string>{"Discretization"},
              "Positivity preserving");
    // With advection auto leaves it off: the lumped mass costs accuracy
    // (advection_pulse_1d: L2 error 1.5e-2 lumped, 2.5e-3 consistent, and
    // c min -4e-4 against -6e-11).
    positivity = choice == "true" || (choice == "auto" && degree == 1 &&
                                      !matrix_free && !advection.active());
    AssertThrow(choice != "true" || (degree == 1 && !matrix_free),
                ExcMessage("Parameter <Discretization/Positivity "
                           "preserving> = true needs Q1 elements "
                           "(<Discretization/Polynomial degree> = 1) and "
                           "<Solver/Operator> = matrix-based."));
  }

#define FLUXION_INSTANTIATE(dim)                                               \
  template void Diffusion<dim>::declare_parameters(ParameterHandler &);        \
  template void Diffusion<dim>::declare_named_parameters(ParameterHandler &,   \
                                                         const NamedSections); \
  template void Diffusion<dim>::parse_parameters(ParameterHandler &);          \
  template void Diffusion<dim>::parse_materials(ParameterHandler &);           \
  template void Diffusion<dim>::parse_boundary_conditions(ParameterHandler &); \
  template void Diffusion<dim>::parse_data(ParameterHandler &);                \
  template void Diffusion<dim>::parse_solver_parameters(ParameterHandler &);   \
  template void Diffusion<dim>::classify_problem();                            \
  template void Diffusion<dim>::check_matrix_free_support() const;             \
  template void Diffusion<dim>::parse_positivity(ParameterHandler &);
  FLUXION_INSTANTIATE(1)
  FLUXION_INSTANTIATE(2)
  FLUXION_INSTANTIATE(3)
#undef FLUXION_INSTANTIATE
} // namespace Fluxion
